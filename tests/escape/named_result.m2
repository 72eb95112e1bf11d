./named_result.mini:4:2: x escapes to heap in f:
./named_result.mini:4:2:   flow: p ← &x:
./named_result.mini:4:2:     from &x (address-of) at ./named_result.mini:5:6
./named_result.mini:4:2:     from p = &x (assign) at ./named_result.mini:5:4
./named_result.mini:4:2: moved to heap: x
