./reassigned_capture.mini:4:2: f capturing by value: x (addr=false assign=false width=8)
./reassigned_capture.mini:6:7: func literal does not escape
