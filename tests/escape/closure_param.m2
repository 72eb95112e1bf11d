./closure_param.mini:3:12: f does not escape
./closure_param.mini:8:2: g capturing by value: k (addr=false assign=false width=8)
./closure_param.mini:9:15: func literal does not escape
