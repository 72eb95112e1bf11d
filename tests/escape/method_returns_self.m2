./method_returns_self.mini:5:7: parameter t leaks to ~r0 for (*T).self with derefs=0:
./method_returns_self.mini:5:7:   flow: ~r0 ← t:
./method_returns_self.mini:5:7:     from return t (return) at ./method_returns_self.mini:5:25
./method_returns_self.mini:5:7: leaking param: t to result ~r0 level=0
./method_returns_self.mini:8:6: t escapes to heap in f:
./method_returns_self.mini:8:6:   flow: ~r0 ← &t:
./method_returns_self.mini:8:6:     from t (address-of) at ./method_returns_self.mini:9:10
./method_returns_self.mini:8:6:     from (*T).self(t) (call parameter) at ./method_returns_self.mini:9:15
./method_returns_self.mini:8:6:     from return (*T).self(t) (return) at ./method_returns_self.mini:9:2
./method_returns_self.mini:8:6: moved to heap: t
