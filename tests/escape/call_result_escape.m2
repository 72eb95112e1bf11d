./call_result_escape.mini:3:9: parameter p leaks to ~r0 for id with derefs=0:
./call_result_escape.mini:3:9:   flow: ~r0 ← p:
./call_result_escape.mini:3:9:     from return p (return) at ./call_result_escape.mini:4:2
./call_result_escape.mini:3:9: leaking param: p to result ~r0 level=0
./call_result_escape.mini:8:2: x escapes to heap in f:
./call_result_escape.mini:8:2:   flow: ~r0 ← &x:
./call_result_escape.mini:8:2:     from &x (address-of) at ./call_result_escape.mini:9:12
./call_result_escape.mini:8:2:     from id(&x) (call parameter) at ./call_result_escape.mini:9:11
./call_result_escape.mini:8:2:     from return id(&x) (return) at ./call_result_escape.mini:9:2
./call_result_escape.mini:8:2: moved to heap: x
