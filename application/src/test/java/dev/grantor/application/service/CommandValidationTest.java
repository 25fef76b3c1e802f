package dev.grantor.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.GrantQueries.ListGrants;
import dev.grantor.application.port.in.LicenseKeyManagement.ImportLicenseKey;
import dev.grantor.domain.shared.ErrorCode;
import dev.grantor.domain.shared.GrantorError.FieldProblem;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CommandValidationTest {

    final CommandValidation validation = new CommandValidation();

    @Nested
    class A_missing_value {

        @Test
        void is_an_invalid_request_naming_the_property_path() {
            var result = validation.check(new ImportLicenseKey("cus_1", "KEY-1", " ", null, null));

            assertThat(result.getLeft().code()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(result.getLeft().message()).isEqualTo("productId must not be blank");
        }

        @Test
        void wins_over_a_value_out_of_range() {
            var result = validation.check(new IssueGrant(null, null, null, null));

            assertThat(result.getLeft().code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        }
    }

    @Nested
    class A_value_out_of_range {

        @Test
        void is_a_validation_failure_naming_each_property_in_the_engines_terms() {
            var result = validation.check(new ListGrants(101, -1, null, null, null, null));

            assertThat(result.getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            var details = ((dev.grantor.domain.shared.GrantorError.ValidationFailed) result.getLeft()).details();
            assertThat(details.map(FieldProblem::field)).containsExactly("pageNumber", "pageSize");
        }
    }

    @Test
    void a_valid_command_passes_unchanged() {
        var command = new ListGrants(10, 0, null, null, null, null);

        assertThat(validation.check(command).get()).isSameAs(command);
    }
}
