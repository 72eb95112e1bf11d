./range_closure.mini:3:8: xs does not escape
./range_closure.mini:6:19: func literal escapes to heap
./range_closure.mini:6:14: append does not escape
