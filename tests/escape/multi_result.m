./multi_result.mini:3:10: leaking param: p to result ~r0 level=0
