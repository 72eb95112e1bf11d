./call_leak.mini:5:11: parameter p leaks to {heap} for keep with derefs=0:
./call_leak.mini:5:11:   flow: {heap} ← p:
./call_leak.mini:5:11:     from g = p (assign) at ./call_leak.mini:6:4
./call_leak.mini:5:11: leaking param: p
./call_leak.mini:10:2: x escapes to heap in f:
./call_leak.mini:10:2:   flow: {heap} ← &x:
./call_leak.mini:10:2:     from &x (address-of) at ./call_leak.mini:11:7
./call_leak.mini:10:2:     from keep(&x) (call parameter) at ./call_leak.mini:11:6
./call_leak.mini:10:2: moved to heap: x
