from django.core.management.base import BaseCommand

from blog.demo import load_demo_content


class Command(BaseCommand):
    help = "Create the demo content (the reference article and its comment); safe to run again."

    def handle(self, *args, **options):
        created = load_demo_content()
        if created:
            for item in created:
                self.stdout.write(f"Created {item}")
        else:
            self.stdout.write("Demo content already present; nothing to do.")
