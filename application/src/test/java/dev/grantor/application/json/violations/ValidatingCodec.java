package dev.grantor.application.json.violations;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.hibernate.validator.HibernateValidator;

/** Violates the JSON codec's rule on purpose: the codec reaching past Jackson for another library. Never used. */
public final class ValidatingCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public String write(Object value) throws Exception {
        return HibernateValidator.class.getSimpleName() + MAPPER.writeValueAsString(value);
    }
}
