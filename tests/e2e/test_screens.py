"""What a student's phone shows: the scene's prompt in the main area, on the first screen (the
sidebar is collapsed on a phone), for a follower as for anyone with the scene's link."""

from __future__ import annotations

import pytest

from components.core.scenes import load_scenes
from components.dataset.load import load_dataset
from tests.conftest import SHIPPED
from tests.e2e.conftest import save_artifact

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("follow", [False, True], ids=["link", "follower"])
def test_the_scene_prompt_is_on_a_phones_first_screen(open_page, app_url, follow):
    scene = load_scenes(load_dataset(SHIPPED))[0]
    query = f"scene={scene.id}" + ("&follow=1" if follow else "")
    opened = open_page(f"{app_url}/?{query}", size=(390, 844))
    page = opened.page
    save_artifact(opened, f"phone-scene-{'follower' if follow else 'link'}")
    prompt = page.locator('[data-testid="stMain"]').get_by_text(scene.prompt[:40])
    assert prompt.count() == 1 and prompt.is_visible()
    box = prompt.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844  # no scrolling to find it
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_attribute("aria-expanded") != "true"  # not hidden in the sidebar
