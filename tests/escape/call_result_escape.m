./call_result_escape.mini:3:9: leaking param: p to result ~r0 level=0
./call_result_escape.mini:8:2: moved to heap: x
