./closure_global.mini:7:6: func literal escapes to heap
