print("Hello, Mini!")
