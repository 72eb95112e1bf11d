./closure_called.mini:5:9: func literal does not escape
