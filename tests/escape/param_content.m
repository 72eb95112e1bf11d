./param_content.mini:6:8: leaking param content: pp
