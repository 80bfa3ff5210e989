"""Organisations (财政部门 → 主管部门 → 预算单位), fiscal years and people's roles in them."""
