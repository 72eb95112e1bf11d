./param_deref_result.mini:3:8: leaking param: pp to result ~r0 level=1
