from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def email_send_task(*, subject: str, body: str, to: list[str], html_body: str = "") -> None:
    """Send one e-mail from the worker, so a slow mail server never slows a page down."""
    message = EmailMultiAlternatives(subject, body, None, to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()
