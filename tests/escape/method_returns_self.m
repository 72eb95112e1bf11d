./method_returns_self.mini:5:7: leaking param: t to result ~r0 level=0
./method_returns_self.mini:8:6: moved to heap: t
