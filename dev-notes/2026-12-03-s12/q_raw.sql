SELECT k.id, k.disabled_at FROM license_keys k WHERE k.value = 'WRK-entg_0Vckkg59HrN6zOgfL1jTI';
