./append_return.mini:3:8: leaking param: s to result ~r0 level=0
./append_return.mini:4:15: append escapes to heap
