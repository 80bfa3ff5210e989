"""The API of 运行监控: one router per part, added to the project API in jixiao.web.api."""
