./param_return.mini:3:8: parameter p leaks to ~r0 for f with derefs=0:
./param_return.mini:3:8:   flow: ~r0 ← p:
./param_return.mini:3:8:     from return p (return) at ./param_return.mini:4:2
./param_return.mini:3:8: leaking param: p to result ~r0 level=0
