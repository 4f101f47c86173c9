"""Senior-friendly interaction that is not a screen: touch guard, idle reset, switch scanning."""
