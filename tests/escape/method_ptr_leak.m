./method_ptr_leak.mini:7:7: leaking param: t
./method_ptr_leak.mini:10:6: moved to heap: t
