"""Password validation: Django's four standard validators (settings.AUTH_PASSWORD_VALIDATORS)."""

from __future__ import annotations

from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, refusing in Chinese: Django 5.2's zh-hans catalogue lacks this one message (its
    help text and the other validators' messages are translated)."""

    def get_error_message(self) -> str:
        return f"密码太短，至少需要 {self.min_length} 个字符。"
