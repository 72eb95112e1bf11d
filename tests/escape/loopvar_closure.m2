./loopvar_closure.mini:6:19: func literal escapes to heap in f:
./loopvar_closure.mini:6:19:   flow: {heap} ← &{storage for func literal}:
./loopvar_closure.mini:6:19:     from func literal (spill) at ./loopvar_closure.mini:6:19
./loopvar_closure.mini:6:19:     from append(fs, func literal) (call parameter) at ./loopvar_closure.mini:6:14
./loopvar_closure.mini:5:6: f capturing by value: i (addr=false assign=false width=8)
./loopvar_closure.mini:6:19: func literal escapes to heap
./loopvar_closure.mini:6:14: append does not escape
