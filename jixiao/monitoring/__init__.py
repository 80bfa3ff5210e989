"""运行监控: payments against the spending plan, indicator progress with evidence, monitoring
rounds."""
