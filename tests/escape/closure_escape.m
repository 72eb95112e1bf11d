./closure_escape.mini:5:9: func literal escapes to heap
