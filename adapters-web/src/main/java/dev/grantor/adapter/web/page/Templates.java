package dev.grantor.adapter.web.page;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

/**
 * The pages' templates, compiled with the module (package {@value #PACKAGE}): nothing is parsed or compiled at run
 * time, and every value written into HTML is escaped for where it lands unless a template says otherwise.
 */
public final class Templates {

    static final String PACKAGE = "dev.grantor.adapter.web.template";

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(null, ContentType.Html,
            Templates.class.getClassLoader(), PACKAGE);

    /** {@code name} is the template's path under src/main/jte, such as {@code console/queue.jte}; {@code page} its one parameter. */
    public String render(String name, Object page) {
        var out = new StringOutput(16 * 1024);
        engine.render(name, page, out);
        return out.toString();
    }
}
