./param_to_global.mini:5:8: leaking param: p
