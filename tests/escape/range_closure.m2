./range_closure.mini:6:19: func literal escapes to heap in f:
./range_closure.mini:6:19:   flow: {heap} ← &{storage for func literal}:
./range_closure.mini:6:19:     from func literal (spill) at ./range_closure.mini:6:19
./range_closure.mini:6:19:     from append(fs, func literal) (call parameter) at ./range_closure.mini:6:14
./range_closure.mini:5:9: f capturing by value: x (addr=false assign=false width=8)
./range_closure.mini:3:8: xs does not escape
./range_closure.mini:6:19: func literal escapes to heap
./range_closure.mini:6:14: append does not escape
