"""Copy images that posts use into Wagtail's library, from a copy of wp-content/uploads."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from willow.image import Image as WillowImage

from blog.importers.mapping import Mapping
from blog.importers.summary import Summary

_SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)")


class MediaLibrary:
    """Finds an image URL's file under --media-dir and imports it once (then reuses it)."""

    def __init__(self, media_dir: Path | None, mapping: Mapping, summary: Summary, dry_run: bool):
        self.media_dir = media_dir
        self.mapping = mapping
        self.summary = summary
        self.dry_run = dry_run

    def find(self, url: str, alt: str = ""):
        if self.media_dir is None:
            return None
        path = unquote(urlparse(url).path)
        relative = path.split("/wp-content/uploads/", 1)[-1].lstrip("/")
        for candidate in dict.fromkeys([_SIZE_SUFFIX.sub("", relative), relative]):
            file = (self.media_dir / candidate).resolve()
            if self.media_dir.resolve() in file.parents and file.is_file():
                return self._image(candidate, file, alt)
        return None

    def _image(self, key: str, file: Path, alt: str):
        Image = get_image_model()
        image = self.mapping.get("image", key, Image)
        if image is not None:
            self.summary.count("image", "unchanged")
            return image
        title = (alt or file.stem)[:255]
        try:
            if self.dry_run:
                # Nothing may be written, files included: the row is made (and rolled back
                # with the run) with the size read from the file.
                with file.open("rb") as handle:
                    width, height = WillowImage.open(handle).get_size()
                image = Image.objects.create(
                    title=title, file=f"original_images/{file.name}", width=width, height=height
                )
            else:
                with file.open("rb") as handle:
                    image = Image(title=title, file=ImageFile(handle, name=file.name))
                    image.save()
        except Exception as error:  # an unreadable file is a warning, not a stop
            self.summary.warn("image_unreadable", f"{key}: {error}")
            return None
        self.mapping.remember("image", key, image)
        self.summary.count("image", "created")
        return image
