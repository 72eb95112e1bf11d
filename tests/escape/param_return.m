./param_return.mini:3:8: leaking param: p to result ~r0 level=0
