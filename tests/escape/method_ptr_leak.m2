./method_ptr_leak.mini:7:7: parameter t leaks to {heap} for (*T).keep with derefs=0:
./method_ptr_leak.mini:7:7:   flow: {heap} ← t:
./method_ptr_leak.mini:7:7:     from g = t (assign) at ./method_ptr_leak.mini:7:24
./method_ptr_leak.mini:7:7: leaking param: t
./method_ptr_leak.mini:10:6: t escapes to heap in f:
./method_ptr_leak.mini:10:6:   flow: {heap} ← &t:
./method_ptr_leak.mini:10:6:     from t (address-of) at ./method_ptr_leak.mini:11:3
./method_ptr_leak.mini:10:6:     from (*T).keep(t) (call parameter) at ./method_ptr_leak.mini:11:8
./method_ptr_leak.mini:10:6: moved to heap: t
