./append_return.mini:4:15: append(s, 1) escapes to heap in f:
./append_return.mini:4:15:   flow: ~r0 ← &{storage for append(s, 1)}:
./append_return.mini:4:15:     from append(s, 1) (spill) at ./append_return.mini:4:15
./append_return.mini:4:15:     from return append(s, 1) (return) at ./append_return.mini:4:2
./append_return.mini:3:8: parameter s leaks to ~r0 for f with derefs=0:
./append_return.mini:3:8:   flow: {temp} ← s:
./append_return.mini:3:8:     from append(s, 1) (call parameter) at ./append_return.mini:4:15
./append_return.mini:3:8:   flow: ~r0 ← {temp}:
./append_return.mini:3:8:     from return append(s, 1) (return) at ./append_return.mini:4:2
./append_return.mini:3:8: leaking param: s to result ~r0 level=0
./append_return.mini:4:15: append escapes to heap
