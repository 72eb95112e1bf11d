./closure_noescape.mini:5:7: func literal does not escape
