/**
 * Home Assistant MQTT discovery's short key names and what they stand for, as Home Assistant expands them
 * (its mqtt/abbreviations.py): firmware sends `stat_t`, `unit_of_meas`, `avty_t`, `dev` with `ids` ...
 * Keys in neither list are reported as unknown, never guessed at.
 */

/** Entity keys: abbreviation -> full name. */
export const ABBREVIATIONS: Readonly<Record<string, string>> = {
  act_t: 'action_topic', act_tpl: 'action_template', atype: 'automation_type', av_tones: 'available_tones',
  avty: 'availability', avty_mode: 'availability_mode', avty_t: 'availability_topic', avty_tpl: 'availability_template',
  b_tpl: 'blue_template', bri_cmd_tpl: 'brightness_command_template', bri_cmd_t: 'brightness_command_topic', bri_scl: 'brightness_scale',
  bri_stat_t: 'brightness_state_topic', bri_tpl: 'brightness_template', bri_val_tpl: 'brightness_value_template',
  bat_lev_t: 'battery_level_topic', bat_lev_tpl: 'battery_level_template', chrg_t: 'charging_topic', chrg_tpl: 'charging_template',
  clrm: 'color_mode', clrm_stat_t: 'color_mode_state_topic', clrm_val_tpl: 'color_mode_value_template',
  clr_temp_cmd_t: 'color_temp_command_topic', clr_temp_cmd_tpl: 'color_temp_command_template', clr_temp_stat_t: 'color_temp_state_topic',
  clr_temp_tpl: 'color_temp_template', clr_temp_val_tpl: 'color_temp_value_template', cln_t: 'cleaning_topic', cln_tpl: 'cleaning_template',
  cmd_off_tpl: 'command_off_template', cmd_on_tpl: 'command_on_template', cmd_t: 'command_topic', cmd_tpl: 'command_template',
  cmps: 'components', cod_arm_req: 'code_arm_required', cod_dis_req: 'code_disarm_required', cod_trig_req: 'code_trigger_required',
  curr_temp_t: 'current_temperature_topic', curr_temp_tpl: 'current_temperature_template', def_ent_id: 'default_entity_id',
  dev: 'device', dev_cla: 'device_class', dock_t: 'docked_topic', dock_tpl: 'docked_template', e: 'encoding', en: 'enabled_by_default',
  ent_cat: 'entity_category', ent_pic: 'entity_picture', err_t: 'error_topic', err_tpl: 'error_template', exp_aft: 'expire_after',
  fanspd_t: 'fan_speed_topic', fanspd_tpl: 'fan_speed_template', fanspd_lst: 'fan_speed_list', flsh_tlng: 'flash_time_long',
  flsh_tsht: 'flash_time_short', fx_cmd_tpl: 'effect_command_template', fx_cmd_t: 'effect_command_topic', fx_list: 'effect_list',
  fx_stat_t: 'effect_state_topic', fx_tpl: 'effect_template', fx_val_tpl: 'effect_value_template', frc_upd: 'force_update',
  g_tpl: 'green_template', hs_cmd_t: 'hs_command_topic', hs_stat_t: 'hs_state_topic', hs_val_tpl: 'hs_value_template', ic: 'icon',
  init: 'initial', json_attr: 'json_attributes', json_attr_t: 'json_attributes_topic', json_attr_tpl: 'json_attributes_template',
  lrst_t: 'last_reset_topic', lrst_val_tpl: 'last_reset_value_template', max_hum: 'max_humidity', min_hum: 'min_humidity',
  max_mirs: 'max_mireds', min_mirs: 'min_mireds', mode_cmd_tpl: 'mode_command_template', mode_cmd_t: 'mode_command_topic',
  mode_stat_t: 'mode_state_topic', mode_stat_tpl: 'mode_state_template', o: 'origin', obj_id: 'object_id', off_dly: 'off_delay',
  on_cmd_type: 'on_command_type', ops: 'options', opt: 'optimistic', p: 'platform', pl: 'payload', pl_avail: 'payload_available',
  pl_cls: 'payload_close', pl_not_avail: 'payload_not_available', pl_off: 'payload_off', pl_on: 'payload_on', pl_open: 'payload_open',
  pl_prs: 'payload_press', pl_rst: 'payload_reset', pl_stop: 'payload_stop', pl_lock: 'payload_lock', pl_unlk: 'payload_unlock',
  pos_clsd: 'position_closed', pos_open: 'position_open', pos_t: 'position_topic', pos_tpl: 'position_template',
  pr_mode_cmd_t: 'preset_mode_command_topic', pr_mode_stat_t: 'preset_mode_state_topic', pr_mode_val_tpl: 'preset_mode_value_template',
  pr_modes: 'preset_modes', r_tpl: 'red_template', ret: 'retain', rgb_cmd_t: 'rgb_command_topic', rgb_stat_t: 'rgb_state_topic',
  rgb_val_tpl: 'rgb_value_template', set_pos_t: 'set_position_topic', set_pos_tpl: 'set_position_template', stat_cla: 'state_class',
  stat_clsd: 'state_closed', stat_off: 'state_off', stat_on: 'state_on', stat_open: 'state_open', stat_t: 'state_topic',
  stat_tpl: 'state_template', stat_val_tpl: 'state_value_template', stype: 'subtype', sug_dsp_prc: 'suggested_display_precision',
  sup_clrm: 'supported_color_modes', sup_feat: 'supported_features', t: 'topic', temp_cmd_t: 'temperature_command_topic',
  temp_stat_t: 'temperature_state_topic', temp_unit: 'temperature_unit', uniq_id: 'unique_id', unit_of_meas: 'unit_of_measurement',
  val_tpl: 'value_template', xy_cmd_t: 'xy_command_topic', xy_stat_t: 'xy_state_topic', xy_val_tpl: 'xy_value_template',
};

/** Device keys: abbreviation -> full name. */
export const DEVICE_ABBREVIATIONS: Readonly<Record<string, string>> = {
  cns: 'connections', cu: 'configuration_url', ids: 'identifiers', mf: 'manufacturer', mdl: 'model', mdl_id: 'model_id',
  sw: 'sw_version', hw: 'hw_version', sa: 'suggested_area', sn: 'serial_number',
};

/** Origin keys (who published the config). */
export const ORIGIN_ABBREVIATIONS: Readonly<Record<string, string>> = { name: 'name', sw: 'sw_version', url: 'support_url' };

/** Full entity keys that have no abbreviation but are known. */
const OTHER_KEYS = [
  'name', 'qos', 'max', 'min', 'step', 'mode', 'modes', 'retain', 'icon', 'has_entity_name', 'device_class', 'expire_after',
  'force_update', 'migrate_discovery', 'object_id', 'platform', 'command_template', 'availability', 'components', 'entity_category',
  'options', 'payload_not_available', 'payload_available', 'suggested_display_precision', 'state_class', 'unit_of_measurement',
  'value_template', 'json_attributes_template', 'json_attributes_topic', 'default_entity_id', 'encoding', 'precision', 'pattern',
  'schema', 'brightness', 'color_temp', 'effect', 'xy', 'rgb', 'hs', 'white', 'white_scale', 'supported_color_modes', 'device',
  'origin', 'topic', 'unique_id', 'enabled_by_default', 'entity_picture', 'available_tones', 'tilt_command_topic',
  'tilt_status_topic', 'payload_home', 'payload_not_home', 'source_type', 'latitude', 'longitude', 'gps_accuracy',
  'min_temp', 'max_temp', 'temp_step', 'precision', 'fan_modes', 'swing_modes', 'device_class', 'reports_position',
  'payload_reset_percentage', 'payload_reset_preset_mode', 'percentage_command_topic', 'percentage_state_topic',
  'oscillation_command_topic', 'oscillation_state_topic', 'preset_mode_command_template', 'event_types', 'type', 'subtype',
  'automation_type', 'payload', 'url_topic', 'image_topic', 'content_type', 'image_encoding', 'last_reset_value_template',
];

/** Every entity key known, by its full name. */
export const KNOWN_KEYS: ReadonlySet<string> = new Set([...Object.values(ABBREVIATIONS), ...OTHER_KEYS]);

export const KNOWN_DEVICE_KEYS: ReadonlySet<string> = new Set([...Object.values(DEVICE_ABBREVIATIONS), 'name', 'via_device', 'connections', 'identifiers']);
