./call_result.mini:3:9: leaking param: p to result ~r0 level=0
