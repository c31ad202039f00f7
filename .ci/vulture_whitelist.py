"""Names vulture (dead code, `.ci/run`) cannot see used: a framework calls or reads them by convention.

Only such names belong here, never code of ours that nothing calls;
tests/test_architecture.py checks that each one is a Textual handler name
(on_*, _on_*, action_*, watch_*) or a member of the framework class listed for
it. Handlers decorated with Textual's @on are skipped by [tool.vulture]
ignore_decorators. This file is read by vulture, never run.
"""

# Textual: handlers it calls for a message (on_<message>, _on_<message>), a binding's or the palette's
# action (action_<name>), a reactive's change (watch_<name>).
_.on_blur
_.on_descendant_blur
_.on_descendant_focus
_.on_button_pressed
_.on_focus
_.on_input_blurred
_.on_input_changed
_.on_input_submitted
_.on_key
_.on_ledger_table_row_highlighted
_.on_ledger_table_row_selected
_.on_mount
_.on_option_list_option_selected
_.on_screen_resume
_.on_screen_suspend
_.on_select_changed
_.on_text_area_changed
_.on_unmount
_._on_key
_._on_paste
_._on_screen_resume
_._on_screen_suspend
_.action_add
_.action_add_goal
_.action_add_indicator
_.action_add_varav
_.action_cancel
_.action_choose_period
_.action_choose_year
_.action_clear
_.action_column
_.action_complete
_.action_delete
_.action_filter
_.action_first
_.action_form
_.action_goto
_.action_last
_.action_link
_.action_move
_.action_next_period
_.action_page
_.action_reload_log
_.action_revert
_.action_save
_.action_select
_.action_toggle_section
_.watch_theme
_.watch_value

# Textual: methods it calls on our subclasses (Widget, ScrollView, App, Message, LineFilter).
_.compose
_.get_content_height
_.render_line
_.get_system_commands
_.can_replace
_.apply

# Textual: class variables and attributes it reads (App, Screen, Widget, OptionList).
_.CSS_PATH
_.TITLE
_.DEFAULT_CSS
_.COMPONENT_CLASSES
_.DEFAULT_MODE
_.ENABLE_COMMAND_PALETTE
_.COMMAND_PALETTE_BINDING
_.COMMAND_PALETTE_DISPLAY
_.HORIZONTAL_BREAKPOINTS
_.VERTICAL_BREAKPOINTS
_.animation_level
_.can_focus
_.virtual_size
_.disabled
_.highlighted

# Rich and python-docx: properties our code sets and the library reads (a line, the Word file).
_.no_wrap
_.orientation
_.footer_distance
_.header_distance
_.different_first_page_header_footer
_.rgb
_.space_after
_.space_before
_.left_indent
_.keep_with_next
_.alignment
_.autofit
_.author
_.language

# Textual: a ScreenResume's flag a screen's handler clears (screens/first_open.py).
_.refresh_styles

# The standard library's HTMLParser: the handlers it calls (the tests' HTML readers).
_.handle_data
_.handle_endtag
_.handle_starttag
