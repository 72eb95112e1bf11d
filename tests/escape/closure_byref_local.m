./closure_byref_local.mini:5:9: func literal does not escape
