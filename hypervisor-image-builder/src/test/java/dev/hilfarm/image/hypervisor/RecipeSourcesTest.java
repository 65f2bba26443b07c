package dev.hilfarm.image.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecipeSourcesTest {

    @Test
    void channelsBecomeSendMasksAndNamesBecomeIds() {
        HypervisorRecipe recipe = HypervisorRecipe.reference();
        String c = RecipeSources.recipeC(recipe);
        assertTrue(c.contains("{ \"work\", guest_image_0, guest_image_0_end, 0, 0x00000004u },"), c);
        assertTrue(c.contains("{ \"drm-service\", guest_image_2, guest_image_2_end, 0, 0x00000003u },"), c);
        assertTrue(c.contains("{ \"probe\", guest_image_3, guest_image_3_end, 16, 0x00000000u },"), c);
        assertTrue(c.contains("const unsigned recipe_tick_hz = 1000;"), c);
        String h = RecipeSources.guestsH(recipe);
        assertTrue(h.contains("#define GUEST_ID_DRM_SERVICE 2u\n"), h);
        assertTrue(h.contains("#define GUEST_NAMES { \"work\", \"personal\", \"drm-service\", \"probe\" }"), h);
        String s = RecipeSources.guestImagesS(recipe);
        assertTrue(s.contains("guest_image_3:\n    .incbin \"probe.bin\"\nguest_image_3_end:"), s);
        assertEquals(List.of("work", "personal", "drm-service", "probe"), recipe.programs());
    }

    @Test
    void badRecipesAreRefused() {
        var work = new HypervisorRecipe.Guest("work", "work", 0);
        assertThrows(IllegalArgumentException.class, () -> new HypervisorRecipe(List.of(work, work), List.of(), 1000));
        assertThrows(IllegalArgumentException.class,
                () -> new HypervisorRecipe(List.of(work), List.of(new HypervisorRecipe.Channel("work", "nobody")), 1000));
        assertThrows(IllegalArgumentException.class, () -> new HypervisorRecipe(List.of(work), List.of(), 5));
        assertThrows(IllegalArgumentException.class, () -> new HypervisorRecipe.Guest("Work", "work", 0));
        assertThrows(IllegalArgumentException.class, () -> new HypervisorRecipe.Guest("work", "../etc", 0));
    }
}
