./param_deref_result.mini:3:8: parameter pp leaks to ~r0 for f with derefs=1:
./param_deref_result.mini:3:8:   flow: ~r0 ← *pp:
./param_deref_result.mini:3:8:     from *pp (indirection) at ./param_deref_result.mini:4:9
./param_deref_result.mini:3:8:     from return *pp (return) at ./param_deref_result.mini:4:2
./param_deref_result.mini:3:8: leaking param: pp to result ~r0 level=1
