./variadic_ptr_leak.mini:5:11: parameter ps leaks to {heap} for keep with derefs=0:
./variadic_ptr_leak.mini:5:11:   flow: {heap} ← ps:
./variadic_ptr_leak.mini:5:11:     from g = ps (assign) at ./variadic_ptr_leak.mini:6:4
./variadic_ptr_leak.mini:5:11: leaking param: ps
./variadic_ptr_leak.mini:11:6: ... argument escapes to heap in f:
./variadic_ptr_leak.mini:11:6:   flow: {heap} ← &{storage for ... argument}:
./variadic_ptr_leak.mini:11:6:     from ... argument (spill) at ./variadic_ptr_leak.mini:11:6
./variadic_ptr_leak.mini:11:6:     from keep(... argument...) (call parameter) at ./variadic_ptr_leak.mini:11:6
./variadic_ptr_leak.mini:10:2: x escapes to heap in f:
./variadic_ptr_leak.mini:10:2:   flow: {storage for ... argument} ← &x:
./variadic_ptr_leak.mini:10:2:     from &x (address-of) at ./variadic_ptr_leak.mini:11:7
./variadic_ptr_leak.mini:10:2:     from ... argument (slice-literal-element) at ./variadic_ptr_leak.mini:11:6
./variadic_ptr_leak.mini:10:2: moved to heap: x
./variadic_ptr_leak.mini:11:6: ... argument escapes to heap
