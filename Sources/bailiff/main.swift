print("bailiff")
