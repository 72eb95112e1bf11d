./loopvar_closure.mini:6:19: func literal escapes to heap
./loopvar_closure.mini:6:14: append does not escape
