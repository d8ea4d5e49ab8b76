"""The regiekamer overview: one periodic picture of reflection, participation, questions and documents."""
