./call_result.mini:3:9: parameter p leaks to ~r0 for id with derefs=0:
./call_result.mini:3:9:   flow: ~r0 ← p:
./call_result.mini:3:9:     from return p (return) at ./call_result.mini:4:2
./call_result.mini:3:9: leaking param: p to result ~r0 level=0
