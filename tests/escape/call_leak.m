./call_leak.mini:5:11: leaking param: p
./call_leak.mini:10:2: moved to heap: x
