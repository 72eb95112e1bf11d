./multi_result.mini:3:10: parameter p leaks to ~r0 for two with derefs=0:
./multi_result.mini:3:10:   flow: ~r0 ← p:
./multi_result.mini:3:10:     from return p, 1 (return) at ./multi_result.mini:4:2
./multi_result.mini:3:10: leaking param: p to result ~r0 level=0
