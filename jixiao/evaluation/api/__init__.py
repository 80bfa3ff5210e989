"""The API of 绩效自评: one router per part, added to the project API in jixiao.web.api."""
