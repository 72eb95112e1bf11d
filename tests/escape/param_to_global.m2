./param_to_global.mini:5:8: parameter p leaks to {heap} for f with derefs=0:
./param_to_global.mini:5:8:   flow: {heap} ← p:
./param_to_global.mini:5:8:     from g = p (assign) at ./param_to_global.mini:6:4
./param_to_global.mini:5:8: leaking param: p
