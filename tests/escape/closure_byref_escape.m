./closure_byref_escape.mini:4:2: moved to heap: x
./closure_byref_escape.mini:5:9: func literal escapes to heap
