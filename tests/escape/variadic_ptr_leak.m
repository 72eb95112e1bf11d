./variadic_ptr_leak.mini:5:11: leaking param: ps
./variadic_ptr_leak.mini:10:2: moved to heap: x
./variadic_ptr_leak.mini:11:6: ... argument escapes to heap
